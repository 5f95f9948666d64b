"""The province-IT console on PLATFORM_HOST: site register, lifecycle actions, accounts across sites, audit log."""
