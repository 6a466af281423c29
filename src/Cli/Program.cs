using Planner.Cli;

return await CliApp.RunAsync(args);
