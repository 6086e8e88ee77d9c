"""Training: recipes, the trainer, jobs, the result store, devices, estimates; the bench and pretrain CLIs."""
