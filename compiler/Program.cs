return Supplychain.Stacks.Cli.Entry.Run(args, Supplychain.Stacks.Cli.CliContext.Process(), Supplychain.Stacks.Cli.Entry.BuildCompiler);
