namespace Dashboard.Tests.E2E.Infrastructure;

/// <summary>Test classes in this collection share one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
