return Supplychain.Stacks.Cli.Entry.Run(args);
