"""The guided lecture path: its steps in the lecture's order (`steps`), the predict-then-see questions at the
lecture's turning points, each answer computed by the library (`questions`), and the class's answers (`tally`)."""
