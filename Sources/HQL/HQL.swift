// The HQL engine: Syntax → Semantics → Planning → Execution, over the HubSpot wire types.
