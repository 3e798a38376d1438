"""Send a few predictions to Gantry to check the account works."""
import gantry

if __name__ == "__main__":
    gantry.init()
    gantry.log_record("rec", inputs={"session": [1, 2, 3]}, outputs={"next": 4})
