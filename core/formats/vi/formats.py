"""Vietnamese number format: thousands grouped by "." and decimals after "," ("14.500,0 triệu đồng").
Django's own Vietnamese formats set both separators but no grouping, so "14500" stayed ungrouped."""

NUMBER_GROUPING = 3
