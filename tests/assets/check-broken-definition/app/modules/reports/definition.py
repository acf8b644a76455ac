raise RuntimeError("reports is not ready")
