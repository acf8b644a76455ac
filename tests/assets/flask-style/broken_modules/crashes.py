raise ImportError('database driver missing')
