print("hall")
