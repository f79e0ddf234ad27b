"""Read models (SPEC S4 reconciliation, S8 dashboards): figures aggregated in SQL for
pages and charts. They read; they never change anything, so they live outside rules/."""
