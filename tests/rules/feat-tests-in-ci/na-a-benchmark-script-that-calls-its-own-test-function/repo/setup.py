from setuptools import find_packages, setup

setup(
    name="EmbedLib",
    version="0.1.5",
    description="A bilingual and crosslingual embedding and reranker model library for RAG",
    packages=find_packages(),
    install_requires=["torch>=1.6.0", "transformers>=4.35.0,<4.37.0", "datasets", "sentence-transformers"],
    classifiers=["Programming Language :: Python :: 3", "License :: OSI Approved :: Apache Software License"],
)
