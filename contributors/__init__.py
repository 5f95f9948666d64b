"""Who made a page: its contributors (author, photographer, translator, supplying unit), shown as the
byline and in Dublin Core. Below the content apps so that every page type, of ``sites`` and of
``participation``, records them in one table."""
