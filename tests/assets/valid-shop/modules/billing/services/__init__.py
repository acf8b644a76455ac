raise RuntimeError("discovery must never import services")
