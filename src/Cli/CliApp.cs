using System.CommandLine;
using Planner.Cli.Commands;
using Planner.CostModel;

namespace Planner.Cli;

/// <summary>Builds the <c>planner</c> command tree and runs it with the exit-code conventions of <see cref="ExitCodes"/>.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Planner: build vs rent vs API for AI models, from measured throughput to NPV.");
        root.Add(EvaluateCommand.Create());
        root.Add(FinanceCommand.Create());
        root.Add(ScenarioCommand.Create());
        root.Add(CatalogCommand.Create());
        root.Add(SimulateCommand.Create());
        root.Add(ProjectCommand.Create());
        root.Add(CapacityCommand.Create());
        root.Add(BenchCommand.Create());
        root.Add(ReportCommand.Create());
        root.Add(ServeCommand.Create());
        root.Add(UserCommand.Create());
        root.Add(TokenCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = BuildRoot().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }
            return ExitCodes.BadInput;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (InputException ex)
        {
            foreach (var problem in ex.Problems)
            {
                await Console.Error.WriteLineAsync(problem.Message);
            }
            return ExitCodes.BadInput;
        }
        catch (Data.Scenarios.ConcurrencyConflictException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadInput;
        }
        catch (NoResultException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.NoResult;
        }
        catch (OverflowException ex)
        {
            await Console.Error.WriteLineAsync(InputException.Overflow(ex));
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (IOException ex) when (IsDiskFull(ex))
        {
            await Console.Error.WriteLineAsync($"the disk is full: {OneLine(ex.Message)}; no output file was left half-written (free space and run again)");
            return ExitCodes.DiskFull;
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadInput;
        }
        catch (UnauthorizedAccessException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (StoreFailure(ex) is { } store)
        {
            await Console.Error.WriteLineAsync($"the Planner store (PLANNER_DB) cannot be used: {OneLine(store.Message)}; nothing was changed");
            return ExitCodes.StoreUnavailable;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("PLANNER_DEBUG") != "1")
        {
            await Console.Error.WriteLineAsync($"internal error ({ex.GetType().Name}): {OneLine(ex.Message)} (PLANNER_DEBUG=1 shows the stack trace)");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// No space left on the device or the quota exceeded. On Unix .NET carries the errno as the HResult: ENOSPC (28),
    /// EDQUOT (122 on Linux, 69 on macOS); on Windows the HResult wraps ERROR_HANDLE_DISK_FULL (39) or ERROR_DISK_FULL (112).
    /// </summary>
    internal static bool IsDiskFull(IOException exception) => OperatingSystem.IsWindows()
        ? exception.HResult is unchecked((int)0x80070027) or unchecked((int)0x80070070)
        : exception.HResult is 28 || exception.HResult == (OperatingSystem.IsMacOS() ? 69 : 122);

    /// <summary>The database error behind <paramref name="exception"/> (SQLite or PostgreSQL), if that is what it is.</summary>
    private static System.Data.Common.DbException? StoreFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException db)
            {
                return db;
            }
        }
        return null;
    }

    private static string OneLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
