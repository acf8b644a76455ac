"""The credit system: the Flask seed's modules made real (users, wallets, transactions,
notifications, reports, audit trail, an external exchange-rate service), over SQL."""
