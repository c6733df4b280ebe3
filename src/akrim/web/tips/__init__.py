"""Tips intake: a form for workers, unions, the public and partner agencies; triage."""
