"""The royalty rules as plain typed functions: scales and amounts (``scales``), contributors of a page
(``people``), grading and revocation (``grading``), period statements (``statement``)."""
