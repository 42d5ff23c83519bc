using PrivacyGuard.Keys;

namespace PrivacyGuard.Demo;

/// <summary><c>keys new [--id ID] [--out PATH]</c>: prints or writes a key file with one new current key.</summary>
internal static class KeysCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? id = null;
        string? path = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--id" when i + 1 < args.Length:
                    id = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    path = args[++i];
                    break;
                default:
                    error.WriteLine("usage: keys new [--id ID] [--out PATH]");
                    return 1;
            }
        }

        if (id is not null && !KeyRingLoader.IsValidKeyId(id))
        {
            error.WriteLine("error: a key id must be 1 to 16 characters of A-Z, a-z, 0-9 and '-'.");
            return 1;
        }

        var json = KeyGenerator.NewKeyFileJson(id);
        if (path is null)
        {
            output.WriteLine(json);
            return 0;
        }

        if (File.Exists(path))
        {
            error.WriteLine($"error: {path} exists; refusing to overwrite a key file.");
            return 1;
        }

        File.WriteAllText(path, json);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        output.WriteLine($"wrote {path}; point PrivacyGuard:KeyRing:KeyFile at it.");
        return 0;
    }
}
