using Planner.Cli;

StartupProfile.Start(args);
return await CliApp.RunAsync(args);
