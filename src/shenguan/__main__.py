from shenguan.cli.main import run

run()
