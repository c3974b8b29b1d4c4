"""The bundled sample concepts and the demo that replays them as concept repositories."""
