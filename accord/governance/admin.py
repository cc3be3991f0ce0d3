# Governance has no configuration to administer: bodies, meetings and their records are run from
# the alliance's Governance tab (and the API), where every change is scoped and audited.
