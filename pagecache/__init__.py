"""Page cache of anonymous GETs of the public pages, in Redis, per site, host, language and path;
kept true by generation numbers that every change a page may show moves (docs/adr/0010-page-cache.md)."""
