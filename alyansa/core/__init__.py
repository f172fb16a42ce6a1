"""Small shared helpers with no models of their own. Every app may import from here."""
