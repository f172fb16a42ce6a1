"""General assemblies: set-up, delegates and their credentials, check-in, agenda, speakers, decisions."""
