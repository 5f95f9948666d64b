"""Moving content between sites: merging communes (whole or in part) into a new or an existing one."""
