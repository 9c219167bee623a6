"""Who may see and do what (DESIGN §4): pure policies, and thin Strawberry classes over them."""
