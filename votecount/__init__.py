"""votecount: exact vote counting, explained stage by stage. Never imports Django."""
