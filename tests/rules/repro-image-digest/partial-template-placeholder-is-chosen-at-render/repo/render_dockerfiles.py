from jinja2 import Template

TARGETS = {"cpu_auto": {"base_image": "ubuntu:22.04", "use_cuda": False, "extras": "cpu"}}

template = Template(open("Dockerfile.jinja2").read())
for name, values in TARGETS.items():
    with open(f"Dockerfile.{name}", "w") as f:
        f.write(template.render(**values))
