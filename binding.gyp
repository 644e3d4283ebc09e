{
  "targets": [
    {
      "target_name": "mptcp",
      "conditions": [
        ["OS=='linux'", {
          "sources": [
            "src/addon.cc",
            "src/constants.cc",
            "src/args.cc",
            "src/errors.cc",
            "src/socket.cc",
            "src/poller.cc"
          ]
        }, {
          "sources": ["src/unsupported.cc"]
        }]
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-Werror=return-type"]
    }
  ]
}
