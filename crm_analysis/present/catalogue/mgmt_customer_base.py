"""Words of the linked customer base (mgmt_customer_base): tables, prose and figure labels, en/zh (see the package docstring)."""

TEXT: dict[str, dict[str, str]] = {
}
