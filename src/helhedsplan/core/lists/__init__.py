"""Managed lists: the short lists of names administrators keep and people choose from.

Event types, target groups, venues, partners, press outlets, counselling topics and
referral targets, and focus areas are all one thing: a named entry with a place in its list
that can be retired (hidden from new choices, kept where it is already used) and restored.
Each app defines its list models on ``models.ListEntry`` or ``models.ProgrammeListEntry``
and registers them in its ``AppConfig.ready`` with ``registry.register``; the services,
access rule, pages and URLs here then serve every list alike.

Which lists are global and which belong to a programme follows from the model:

- global (``ListEntry``), shared by every programme and changed only by a superuser:
  event types and target groups (the indicators count them by their fixed codes) and focus
  areas (Landsbyggefonden's, the same for every programme);
- a programme's own (``ProgrammeListEntry``), changed by that programme's administrators:
  venues, partners, press outlets, counselling topics and referral targets.
"""
