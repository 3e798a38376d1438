from speechkit.codec import load_codec
