from lexlint.cli import main

main()
