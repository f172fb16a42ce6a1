"""General assemblies: set-up, delegates, credentials, check-in, agenda, speakers, decisions."""
