import argparse


def parse(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--name")
    return p.parse_args(argv)
