raise RuntimeError("discovery must never import routes")
