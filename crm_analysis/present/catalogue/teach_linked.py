"""Words of the linked customer base (teach_linked): tables, prose and figure labels, en/zh (see the package docstring)."""

TEXT: dict[str, dict[str, str]] = {
}
