using System.Globalization;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Commitments.Web.Faults;

/// <summary>
/// When the database cannot be reached, pages answer 503 "tijdelijk niet beschikbaar" with a
/// Retry-After, instead of a 500 that says something broke. Nothing is kept between requests: as soon
/// as the database answers again the next request simply works (the connection pools drop broken
/// connections by themselves).
/// </summary>
/// <remarks>
/// The page is plain markup written here, not a Razor page: the layout reads from the database (the
/// review count), which is exactly what is unavailable. It runs before authentication, because the
/// cookie check reads the database too.
/// </remarks>
public static partial class DatabaseUnavailable
{
    public const int RetryAfterSeconds = 30;

    public static WebApplication UseDatabaseUnavailablePage(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next();
            }
            catch (Exception e) when (IsDatabaseUnreachable(e) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseUnavailable));
                LogUnavailable(logger, context.Request.Path, Describe(e));
                await WriteAsync(context);
            }
        });
        return app;
    }

    /// <summary>
    /// True when the exception (or one inside it) says the database could not be reached or refused
    /// to serve: network errors, a server shutting down or refusing connections, a SQLite file that
    /// cannot be opened or read. Errors in a query (constraint, syntax) are bugs and stay 500.
    /// </summary>
    public static bool IsDatabaseUnreachable(Exception error)
    {
        for (var e = error; e != null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    if (pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                        || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) // shutdown, cannot connect now, terminated
                        || pg.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources (too many connections)
                        || pg.SqlState == "3D000" // database does not exist (dropped or renamed)
                        || (pg.SqlState == "55000" && pg.MessageText.Contains("not currently accepting connections", StringComparison.Ordinal)))
                    {
                        return true;
                    }
                    return false;
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException:
                    return true;
                case SqliteException sqlite when sqlite.SqliteErrorCode is 14 /* CANTOPEN */ or 10 /* IOERR */ or 26 /* NOTADB */ or 5 /* BUSY */ or 6 /* LOCKED */:
                    return true;
                case SocketException:
                    return true;
                case Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException:
                    continue; // the retrying strategy gave up: its inner exception says why
            }
        }
        return false;
    }

    private static string Describe(Exception error)
    {
        var inner = error;
        while (inner.InnerException != null && inner is not (PostgresException or SqliteException or SocketException))
        {
            inner = inner.InnerException;
        }
        return $"{inner.GetType().Name}: {inner.Message}";
    }

    private static async Task WriteAsync(HttpContext context)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(english ? EnglishPage : DutchPage, context.RequestAborted);
    }

    private const string DutchPage = """
        <!DOCTYPE html>
        <html lang="nl">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tijdelijk niet beschikbaar – Techniekpact</title><link rel="stylesheet" href="/css/site.css"></head>
        <body><main id="main" class="container">
        <h1>Tijdelijk niet beschikbaar</h1>
        <p>De toezeggingenregistratie van het Techniekpact kan de gegevens op dit moment niet bereiken. Er is niets verloren gegaan. Probeer het over een paar minuten opnieuw.</p>
        <p lang="en">Temporarily unavailable: the application cannot reach its data right now. Nothing has been lost; please try again in a few minutes.</p>
        </main></body></html>
        """;

    private const string EnglishPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Temporarily unavailable – Techniekpact</title><link rel="stylesheet" href="/css/site.css"></head>
        <body><main id="main" class="container">
        <h1>Temporarily unavailable</h1>
        <p>The Techniekpact commitment tracker cannot reach its data right now. Nothing has been lost. Please try again in a few minutes.</p>
        <p lang="nl">Tijdelijk niet beschikbaar: probeer het over een paar minuten opnieuw.</p>
        </main></body></html>
        """;

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unreachable while serving {Path}; answered 503: {Error}")]
    private static partial void LogUnavailable(ILogger logger, string path, string error);
}
