"""The audit trail: one small model and the function every service calls. Never a ballot."""
