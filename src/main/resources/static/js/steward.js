// Steward's one script. Every page works without it; it adds live updates where a page asks for them.
"use strict";
