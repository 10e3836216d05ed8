// SPDX-License-Identifier: Apache-2.0

#include "cli/run.h"

#include <iostream>

int main(int argc, char** argv)
{
  return vmrun::cli::run(argc, argv, std::cout, std::cerr);
}
