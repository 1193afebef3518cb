using Commitments.Tests.Infrastructure;

namespace Commitments.BrowserTests.Infrastructure;

/// <summary>
/// The real application on a real Kestrel port on 127.0.0.1 (chosen by the system), over a fresh
/// database with the demo data: what a browser needs, which cannot talk to an in-memory TestServer.
/// </summary>
public sealed class KestrelWebFactory : CommitmentsWebFactory
{
    public KestrelWebFactory() => UseKestrel(0);

    /// <summary>The address the server listens on, e.g. http://127.0.0.1:41234/.</summary>
    public Uri RootUri => ClientOptions.BaseAddress;
}
