"""Qt item models: each adapts records from core to a view, keeping its rows cached."""
