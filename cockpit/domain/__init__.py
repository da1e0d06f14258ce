"""What the cockpit knows, headless: agendas, customer rules, tables, backlog order, notes."""
