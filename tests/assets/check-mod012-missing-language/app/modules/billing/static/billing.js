// billing
