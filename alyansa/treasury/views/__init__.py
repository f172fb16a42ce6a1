"""The treasury's pages, one module per subject: the books, dues and payments, standing, and
the report. Who may use each is checked first (selectors.require_*, or the statement's own
check for a coordinator); the services then apply the rules."""
