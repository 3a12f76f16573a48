"""cfsp-bot: answers questions on EU–Western Balkans cooperation in CFSP/CSDP."""
