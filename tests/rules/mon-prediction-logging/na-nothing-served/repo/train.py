print("training only")
