"""factory_boy factories, one module per app, one factory per model."""
