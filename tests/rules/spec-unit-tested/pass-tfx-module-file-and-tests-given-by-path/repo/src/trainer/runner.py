from src.trainer.model import build_model


def run_fn(fn_args):
    model = build_model()
    model.fit(fn_args.train_files, steps_per_epoch=fn_args.train_steps)
    model.save(fn_args.serving_model_dir)
