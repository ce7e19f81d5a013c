"""The exam days' planning: the orals and practicals of a session placed in centres, rooms,
half-days and minutes, with their commissions (« 11 · The exam days »).

A floor of its own between the rules core and the web layer: plain data in (`instance`), a
schedule out (`schedule`), no Django. The solver (OR-Tools CP-SAT), the lower bounds with the
binding resource, the independent checker and the instance generator of the benchmark live
here; `ndrc.web.scheduling` builds an instance from the database and stores the schedule.
"""
