"""Nhuận bút, thù lao (issue 15 items 4 and 7): the province's royalty scales (public schema), each site's
grading of its published pages (``royalties.grading``, every site's schema) and the period statements."""
